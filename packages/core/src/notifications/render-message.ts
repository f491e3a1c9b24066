import { AppError, type Issue } from '../errors/error-codes.ts';
import { MESSAGE_TEMPLATES, type MessageTemplate, type TemplateId } from './message-templates.ts';
import type { Locale } from './notification-channel.ts';

/** Longest parameter value accepted, so a bad caller cannot blow up an SMS. */
export const MAX_PARAM_LENGTH = 200;

const PLACEHOLDER = /\{(\w+)\}/g;

/** The placeholder names a text uses, in order of first use. */
export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

/** Fills a template; a missing or over-long parameter is VALIDATION_FAILED listing every one. */
export function renderMessage(
  templateId: TemplateId,
  locale: Locale,
  params: Readonly<Record<string, string | number>>,
  templates: Readonly<Record<TemplateId, Record<Locale, MessageTemplate>>> = MESSAGE_TEMPLATES,
): MessageTemplate {
  const t = templates[templateId]?.[locale];
  if (!t)
    throw new AppError('VALIDATION_FAILED', `no template ${templateId} in ${locale}`, [
      { path: '/templateId', message: 'unknown' },
    ]);
  const issues: Issue[] = [];
  for (const name of placeholdersOf(t.subject + t.body)) {
    const v = params[name];
    if (v === undefined) issues.push({ path: `/params/${name}`, message: 'missing' });
    else if (String(v).length > MAX_PARAM_LENGTH)
      issues.push({ path: `/params/${name}`, message: `longer than ${MAX_PARAM_LENGTH}` });
  }
  if (issues.length)
    throw new AppError('VALIDATION_FAILED', `template ${templateId}: ${issues.length} parameter problem(s)`, issues);
  const fill = (text: string) => text.replace(PLACEHOLDER, (_, name: string) => String(params[name]));
  return { subject: fill(t.subject), body: fill(t.body) };
}
