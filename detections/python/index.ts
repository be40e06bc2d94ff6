// The Python detection engine (Pyodide in a worker thread).
export * from './engine.js';
