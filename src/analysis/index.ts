// Analyses rules/, plan/ and context/ share (pure): shell/, python/, packages/, images/, stage/, context/ (large files
// nothing references), and the Project they read.
export type { ImportAnalysis, Project, ProjectConfig } from './project.js';
