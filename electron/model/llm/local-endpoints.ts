/** Local servers that speak the OpenAI chat-completions protocol, at their default ports (Settings offers them). */
export interface KnownEndpoint {
  name: string;
  baseUrl: string;
}

export const KNOWN_LOCAL_ENDPOINTS: readonly KnownEndpoint[] = [
  { name: 'Ollama', baseUrl: 'http://localhost:11434/v1' },
  { name: 'LM Studio', baseUrl: 'http://localhost:1234/v1' },
  { name: 'llama.cpp', baseUrl: 'http://localhost:8080/v1' },
  { name: 'vLLM', baseUrl: 'http://localhost:8000/v1' },
];
