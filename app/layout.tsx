import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import './globals.css';

// Every page reads the session or the database at request time; none may be prerendered
// at build time (that would open the embedded database during `next build`).
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: { default: 'BM Desk', template: '%s · BM Desk' },
  description: 'Moderation and triage for Better Messages sites',
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const theme = (await cookies()).get('theme')?.value;
  const themeClass = theme === 'dark' || theme === 'light' ? theme : undefined;
  return (
    <html lang="en" className={themeClass}>
      <body className="min-h-screen antialiased">{children}</body>
    </html>
  );
}
