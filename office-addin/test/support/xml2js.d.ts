// xml2js ships no types; the manifest test uses this one function.
declare module 'xml2js' {
  export function parseStringPromise(xml: string): Promise<any>;
}
