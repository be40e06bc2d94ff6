// Environment for child processes that compile the project's TypeScript with tsx (bin/panther.js,
// bin/run-ts.js, `node --import tsx ...`). tap collects V8 coverage in every child and merges the
// raw byte ranges of a file across processes before source mapping; tsx compiles a file to other
// (minified) code than the ts-node loader of the test processes, so a child's coverage of a file
// the test process also loaded corrupts that file's figures (functions doubled at shifted lines,
// tsx's __name helper counted), and a file only the child loaded maps to nothing. Which source map
// wins depends on the order of the processes' coverage files, so the totals even vary run to run.
// These children therefore record no coverage; what they run is asserted on through their output.
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...extra, _TAPJS_PROCESSINFO_COVERAGE_: '0' };
}
