// Replaced by the language server implementation.
export {};
