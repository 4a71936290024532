/** Plugin settings (`manage_options`). Flags are the strings '0' and '1'. */
import { BM } from './base-url';
import type { BmClient } from './http';
import {
  settingsBundleSchema,
  settingsSaveResultSchema,
  type BmSettings,
  type BmSettingsBundle,
} from './schemas-admin';

export function getSettings(client: BmClient): Promise<BmSettingsBundle> {
  return client.request({ method: 'GET', route: `${BM}/admin/settings/get`, schema: settingsBundleSchema });
}

/**
 * Saves only the given keys: the plugin merges them into the stored settings and answers the
 * normalised result (it may overrule a value, e.g. `allowReports` without `messagesViewer`).
 */
export async function saveSettings(
  client: BmClient,
  partial: Record<string, string | number | boolean | readonly unknown[] | Record<string, unknown>>,
): Promise<BmSettings> {
  const result = await client.request({
    method: 'POST',
    route: `${BM}/admin/settings/save`,
    body: partial,
    schema: settingsSaveResultSchema,
  });
  return result.settings;
}
