/** What global-setup hands to the test files: the target site and its four accounts. */
export interface SiteAccount {
  login: string;
  appPassword: string;
  bmUserId: number;
}

export interface ContractSite {
  url: string;
  /** A WordPress administrator. */
  admin: SiteAccount;
  /** Subscribers (BM_SITE_USER2…4). */
  user2: SiteAccount;
  user3: SiteAccount;
  user4: SiteAccount;
  /** The admin's ordinary login password, which the REST API must refuse; null when not given. */
  adminLoginPassword: string | null;
  /** Only the demo site has a fault API; null on a real site. */
  controlToken: string | null;
}

declare module 'vitest' {
  export interface ProvidedContext {
    contractSite: ContractSite;
  }
}
