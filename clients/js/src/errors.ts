/**
 * An error from Herald (`code` is the error frame's: `forbidden`, `bad_request`, ...) or from the client itself
 * (`closed`: the client was closed; `disconnected`: the connection dropped before the answer came).
 */
export class HeraldError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'HeraldError';
  }
}
