// report.md: rendered by a private Handlebars instance (helpers registered on it only) from
// templates/report.md.hbs, then fitted into a PR comment's size limit.
import Handlebars from 'handlebars';
import { renderWithinBudget } from './budget.js';
import { codeBlock, codeSpan, escapeHtml, escapeMarkdown, escapeProse } from './escape.js';
import { readTemplate } from './templates.js';
import { buildReportView, type Block, type MarkdownReportInput, type ReportView } from './view.js';

export type { MarkdownReportInput } from './view.js';

let compiled: Handlebars.TemplateDelegate<ReportView> | undefined;

export function renderMarkdownReport(input: MarkdownReportInput): string {
  compiled ??= compileReportTemplate();
  const render = compiled;
  // The template ends each <details> with a blank line; the file ends with exactly one newline.
  return renderWithinBudget(buildReportView(input), (view) => render(view).replace(/\n+$/, '\n'));
}

function compileReportTemplate(): Handlebars.TemplateDelegate<ReportView> {
  const hbs = Handlebars.create();
  const safe = (text: string) => new hbs.SafeString(text);
  // Every helper escapes for its context and returns a SafeString; a plain {{value}} still gets
  // Handlebars' HTML escaping, so a forgotten helper errs on the side of showing text.
  hbs.registerHelper('md', (text: unknown) => safe(escapeMarkdown(String(text))));
  hbs.registerHelper('prose', (text: unknown) => safe(escapeProse(String(text))));
  hbs.registerHelper('html', (text: unknown) => safe(escapeHtml(String(text))));
  hbs.registerHelper('code', (text: unknown) => safe(codeSpan(String(text))));
  hbs.registerHelper('fence', (block: Block) => safe(codeBlock(block.text, block.lang)));
  // strict: a field the template names but the view lacks is an error, not an empty cell.
  return hbs.compile<ReportView>(readTemplate('report.md.hbs'), { strict: true });
}
