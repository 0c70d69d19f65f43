/**
 * libpg-query's emscripten glue, loaded directly (pgParser.ts) instead of through the package's
 * index, which instantiates the WASM module as soon as it is imported.
 */
declare module 'libpg-query/wasm/libpg-query.js' {
  export interface PgQueryWasm {
    _malloc(size: number): number;
    _free(pointer: number): void;
    _wasm_parse_query_raw(query: number): number;
    _wasm_free_parse_result(result: number): void;
    _wasm_scan(query: number): number;
    _wasm_free_string(result: number): void;
    getValue(pointer: number, type: 'i32'): number;
    UTF8ToString(pointer: number): string;
    stringToUTF8(text: string, pointer: number, maxBytes: number): number;
    lengthBytesUTF8(text: string): number;
  }

  export interface PgQueryModuleOptions {
    /** Emscripten's hook: instantiate the module with `imports` and hand the instance to `receive`. */
    instantiateWasm?: (imports: object, receive: (instance: object) => void) => object | void;
  }

  const createPgQueryModule: (options?: PgQueryModuleOptions) => Promise<PgQueryWasm>;
  export default createPgQueryModule;
}
