// What a rejected block (code or a tool call) says: it did not run, and the feedback given.
export function RejectedNote({ what, feedback }: { what: 'code' | 'call'; feedback?: string }) {
  return (
    <p className="block-note">
      You rejected this {what}; it did not run.
      {feedback ? (
        <>
          {' '}
          Your feedback: <q>{feedback}</q>
        </>
      ) : null}
    </p>
  );
}
