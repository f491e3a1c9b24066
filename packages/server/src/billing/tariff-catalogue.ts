import { readFileSync } from 'node:fs';
import {
  compileTariff,
  compileValidatedTariff,
  type CompiledTariff,
  type TariffDocument,
} from '@meterflow/core/billing/index';
import type { CatalogueEntry, Store } from '@meterflow/store';

/** The shipped Gansu example catalogue: account tariff code → file in packages/core/tariffs/gansu/. */
export const CATALOGUE_FILES: Readonly<Record<string, string>> = {
  'GS-RES-TIERED': 'residential-tiered.json',
  'GS-GIC-TOU': 'commerce-tou.json',
  'GS-LI-TWO-PART': 'large-industry-two-part.json',
  'GS-AGRI': 'agriculture-flat.json',
};

const CATALOGUE_DIR = new URL('../../../core/tariffs/gansu/', import.meta.url);

/** Reads the catalogue's tariff documents (validated when compiled). */
export function readCatalogue(): CatalogueEntry[] {
  return Object.entries(CATALOGUE_FILES).map(([code, file]) => ({
    code,
    document: JSON.parse(readFileSync(new URL(file, CATALOGUE_DIR), 'utf8')) as CatalogueEntry['document'],
  }));
}

/** Stores the catalogue (idempotent) so bills can name the stored tariff and version. */
export async function storeCatalogue(store: Store, at: string): Promise<void> {
  const entries = readCatalogue();
  for (const e of entries) compileTariff(e.document); // refuse to store an invalid tariff
  await store.billing.tariffs.saveCatalogue(entries, at);
}

/** Every stored tariff document, by id: what bill runs compile (in each worker too). */
export async function storedTariffDocuments(store: Store): Promise<Record<string, TariffDocument>> {
  const out: Record<string, TariffDocument> = {};
  for (const t of await store.billing.tariffs.list()) out[t.id] = JSON.parse(t.document) as TariffDocument;
  return out;
}

/**
 * Compiles tariff documents once for a run; `validated` skips validating documents this run has
 * validated already (in the thread that started the worker compiling them).
 */
export function compileAll(
  docs: Readonly<Record<string, TariffDocument>>,
  o: { validated?: boolean } = {},
): Map<string, CompiledTariff> {
  const compile = o.validated ? compileValidatedTariff : compileTariff;
  return new Map(Object.entries(docs).map(([id, d]) => [id, compile(d)]));
}
