declare module '@auth/core/jwt' {
  interface JWT {
    memberId?: string;
    signedInAt?: number;
  }
}

declare module 'next-auth' {
  interface Session {
    /** When this session signed in (ms); sessions before the member's revocation time are over. */
    signedInAt?: number;
  }
}
export {};
