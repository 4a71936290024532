import type { Metadata, Viewport } from 'next';
import { cookies } from 'next/headers';
import { Toaster } from '@/components/ui/toast';
import './globals.css';

// Every page reads the session or the database at request time; none may be prerendered
// at build time (that would open the embedded database during `next build`).
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: { default: 'BM Desk', template: '%s · BM Desk' },
  description: 'Moderation and triage for Better Messages sites',
  icons: { icon: [{ url: '/icon.svg', type: 'image/svg+xml' }] },
  manifest: '/manifest.webmanifest',
};

// The browser's own bar takes the header's colour, in the scheme the system shows.
export const viewport: Viewport = {
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#ffffff' },
    { media: '(prefers-color-scheme: dark)', color: '#181b21' },
  ],
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const theme = (await cookies()).get('theme')?.value;
  const themeClass = theme === 'dark' || theme === 'light' ? theme : undefined;
  return (
    <html lang="en" className={themeClass}>
      <body className="min-h-screen antialiased">
        {children}
        {/* Outcomes that land after their page is gone (a queue decision sent on leaving) show here. */}
        <Toaster />
      </body>
    </html>
  );
}
