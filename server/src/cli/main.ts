// Replaced by the CLI implementation.
export {};
