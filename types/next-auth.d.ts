declare module '@auth/core/jwt' {
  interface JWT {
    memberId?: string;
  }
}
export {};
