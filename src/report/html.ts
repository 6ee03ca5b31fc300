// report.html: one self-contained page (inline CSS, SVG and script; nothing fetched), rendered by a
// private Handlebars instance from templates/report.html.hbs and its partials.
import Handlebars from 'handlebars';
import { escapeProseHtml, jsonForScript } from './escape.js';
import type { HtmlView } from './html-view.js';
import { readTemplate } from './templates.js';

let compiled: Handlebars.TemplateDelegate<HtmlView> | undefined;

export function renderHtmlReport(view: HtmlView): string {
  compiled ??= compileHtmlTemplate();
  return compiled(view);
}

function compileHtmlTemplate(): Handlebars.TemplateDelegate<HtmlView> {
  const hbs = Handlebars.create();
  // Raw text elements (<style>, <script>) are not HTML-decoded, so they get their own escaping.
  hbs.registerHelper('json', (value: unknown) => new hbs.SafeString(jsonForScript(value)));
  // dflab's own sentences: `backticks` become <code>, the rest is escaped as ever.
  hbs.registerHelper('prose', (value: unknown) => new hbs.SafeString(escapeProseHtml(String(value))));
  hbs.registerPartial('css', readTemplate('report.css'));
  hbs.registerPartial('js', readTemplate('report.js'));
  return hbs.compile<HtmlView>(readTemplate('report.html.hbs'), { strict: true });
}
