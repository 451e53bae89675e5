/** A response body already serialised as JSON (hot paths stitch cached fragments). */
export class RawJson {
  constructor(readonly json: string) {}
}
