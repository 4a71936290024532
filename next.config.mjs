/** @type {import('next').NextConfig} */
const nextConfig = {
  // Benchmarks build into their own folder so they never race the e2e suite's `.next`.
  distDir: process.env.BMDESK_DIST_DIR || '.next',
  // PGlite loads its WASM and data files from disk; bundling it breaks those paths.
  // sharp (libvips, a native addon) is external by Next's own list; sharp-phash requires it.
  serverExternalPackages: [
    '@electric-sql/pglite',
    '@node-rs/argon2',
    'pg',
    'sharp',
    'sharp-phash',
    're2-wasm',
    'nodemailer',
  ],
  poweredByHeader: false,
  // forbidden(): a page refused for a role answers 403, not 200 with a message.
  experimental: { authInterrupts: true },
  // Typecheck is its own gate (`npm run typecheck`, which also covers tests and scripts).
  typescript: { ignoreBuildErrors: true },
  // The Content-Security-Policy, with its per-request nonce, is set in proxy.ts.
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Referrer-Policy', value: 'no-referrer' },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
        ],
      },
    ];
  },
};

export default nextConfig;
