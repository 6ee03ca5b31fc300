// Report outputs: report.md and report.html rendered from results.json (templates/ read from disk), explanations, patches.
export { makePatch, type FileChange } from './patch.js';
export { renderMarkdownReport, type MarkdownReportInput } from './markdown.js';
export { MAX_REPORT_CHARS } from './budget.js';
