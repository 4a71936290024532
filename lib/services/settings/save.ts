import 'server-only';
import { getSettings, saveSettings } from '@/lib/infra/better-messages';
import { ActionRefusal } from '@/lib/infra/actions/result';
import { checkConnection } from '@/lib/services/sites/check-connection';
import { siteOf, type OpenedSite, type SiteRef } from '@/lib/services/sites/open-site';
import { saveProbe } from '@/lib/services/sites/queries';
import {
  canonical,
  FIELD_BY_KEY,
  reportsNeedFix,
  sameValue,
  validateForm,
  type RoleOption,
  type SettingValue,
} from './fields';

export type RequestedChange = { from: unknown; to: unknown };

export type SavedChange = {
  key: string;
  label: string;
  from: SettingValue;
  sent: SettingValue;
  /** What the site answers on the next read: the plugin normalises and may overrule. */
  stored: SettingValue;
};

export type SettingsView = {
  values: Record<string, SettingValue>;
  roles: RoleOption[];
  reportsNeedFix: boolean;
};

/** The form's starting point: the settings we edit, in canonical form, and the site's roles. */
export async function loadSettingsView(
  site: SiteRef,
  reportsRoute: boolean | undefined,
): Promise<SettingsView> {
  const bundle = await getSettings((await siteOf(site)).client);
  const values = Object.fromEntries(
    Object.entries(FIELD_BY_KEY).map(([key, field]) => [key, canonical(field, bundle.settings[key])]),
  );
  return {
    values,
    roles: bundle.roles.map((r) => ({ key: r.key, name: r.name ?? r.key })),
    reportsNeedFix: reportsNeedFix(bundle.settings, reportsRoute),
  };
}

/**
 * Saves only the keys the member changed, after checking that each still holds the value the
 * member saw (`from`), so the audited diff is true. `force` sends keys even when unchanged (the
 * reports fix stores values the site only has as defaults).
 */
export async function applySettingsChanges(
  ref: SiteRef,
  changes: Record<string, RequestedChange>,
  { force = false }: { force?: boolean } = {},
): Promise<SavedChange[]> {
  const site = await siteOf(ref);
  const client = site.client;
  const bundle = await getSettings(client);
  const roleKeys = bundle.roles.map((r) => r.key);
  const { values, errors } = validateForm(
    Object.fromEntries(Object.entries(changes).map(([k, c]) => [k, c.to])),
    roleKeys,
  );
  if (Object.keys(errors).length) {
    throw new ActionRefusal('Some values cannot be saved.', 'invalid-settings', errors);
  }
  const stale: string[] = [];
  const patch: Record<string, SettingValue> = {};
  for (const [key, to] of Object.entries(values)) {
    const field = FIELD_BY_KEY[key]!;
    const current = canonical(field, bundle.settings[key]);
    if (!sameValue(current, canonical(field, changes[key]!.from))) stale.push(field.label);
    else if (force || !sameValue(current, to)) patch[key] = to;
  }
  if (stale.length) {
    throw new ActionRefusal(
      `Changed on the site since you opened this page: ${stale.join(', ')}. Reload to see the current values.`,
      'stale-settings',
    );
  }
  if (Object.keys(patch).length === 0) return [];
  await saveSettings(client, patch);
  const after = (await getSettings(client)).settings;
  await refreshModules(site);
  return Object.entries(patch).map(([key, sent]) => {
    const field = FIELD_BY_KEY[key]!;
    return {
      key,
      label: field.label,
      from: canonical(field, bundle.settings[key]),
      sent,
      stored: canonical(field, after[key]),
    };
  });
}

/**
 * The reports fix: stores messagesViewer and allowReports explicitly, starting from what the site
 * reads now (allowReports reads off on the real plugin in this state, forced by its loader).
 */
export async function fixReports(ref: SiteRef): Promise<SavedChange[]> {
  const site = await siteOf(ref);
  const bundle = await getSettings(site.client);
  const from = (key: 'messagesViewer' | 'allowReports') =>
    canonical(FIELD_BY_KEY[key]!, bundle.settings[key]);
  return applySettingsChanges(
    site,
    {
      messagesViewer: { from: from('messagesViewer'), to: '1' },
      allowReports: { from: from('allowReports'), to: '1' },
    },
    { force: true },
  );
}

// Which plugin routes answer follows the settings (reports, attachments, mutes).
async function refreshModules(site: OpenedSite) {
  const probe = await checkConnection(site.clientWith({ maxRetries: 1 }));
  if (probe.status === 'ok') await saveProbe(site.id, probe);
}
