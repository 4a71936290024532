/**
 * The plugin modules a probe found answering on a site (the plugin removes a module's routes
 * while its setting is off). Stored on the site's row and shown by the sites page, so it lives
 * here rather than in the Drizzle schema the browser must not import.
 */
export type SiteModules = {
  messagesViewer: boolean;
  reports: boolean;
  premoderation: boolean;
  attachments: boolean;
  guests: boolean;
  muteThreads: boolean;
};
