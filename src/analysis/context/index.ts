// The build context's files as the rules read them: which large files nothing references (pure).
export { LARGE_FILE_BYTES, mayGuess, unreferencedLarge, wantsText, type ContextScan, type Eligibility, type Unreferenced } from './unreferenced.js';
export { isReferenced, references, type References } from './references.js';
