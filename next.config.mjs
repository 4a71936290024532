/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite loads its WASM and data files from disk; bundling it breaks those paths.
  serverExternalPackages: ['@electric-sql/pglite', '@node-rs/argon2', 'pg'],
  poweredByHeader: false,
};

export default nextConfig;
