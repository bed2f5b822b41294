// Image references and inspection, shared by the image service (image.ts) and the trust check (trust.ts).
import type Docker from 'dockerode';
import { dockerErrorMessage } from './progress';

/** Label the build sets to the content hash the tag names (plotwright-sandbox:<hash>). */
export const HASH_LABEL = 'org.plotwright.sandbox.hash';

/** "repo[:tag]" → parts, where a colon inside a registry host:port is not a tag separator. */
export function splitImageRef(ref: string): { repo: string; tag: string } {
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  if (colon > slash) return { repo: ref.slice(0, colon), tag: ref.slice(colon + 1) };
  return { repo: ref, tag: 'latest' };
}

/** The image `ref` names, or null when there is none. */
export async function inspectOrNull(docker: Docker, ref: string): Promise<Docker.ImageInspectInfo | null> {
  try {
    return await docker.getImage(ref).inspect();
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return null;
    throw new Error(`cannot inspect image ${ref}: ${dockerErrorMessage(err)}`, { cause: err });
  }
}
