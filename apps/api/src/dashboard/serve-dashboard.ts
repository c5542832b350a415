import { existsSync } from 'node:fs';
import path from 'node:path';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/** Where `npm run build` puts the dashboard (vite build): dist/dashboard, next to dist/apps. */
export const DASHBOARD_DIR = path.resolve(__dirname, '..', '..', '..', '..', 'dashboard');

/** The API's own paths: the dashboard never answers for them, so an unknown /api path stays a 404 problem. */
const API_PATHS = /^\/(api|docs|health|metrics)(\/|$|-)/;

/**
 * The DSMB dashboard (SPEC §5 `GET /`): its built files are public (they hold no data; every data request
 * carries a bearer token), and any other GET that wants HTML and is not an API path gets index.html, so that
 * a client route (/trials/…/alerts) survives a reload. Registered before the Nest routes, which it never shadows.
 */
export function serveDashboard(app: NestExpressApplication, dir = DASHBOARD_DIR): void {
  const index = path.join(dir, 'index.html');
  if (!existsSync(index)) {
    new Logger('Dashboard').warn(`no dashboard at ${dir} (npm run build builds it): GET / answers 404`);
    return;
  }
  app.useStaticAssets(dir, { index: false, fallthrough: true, maxAge: '1h', immutable: false });
  app.use((request: Request, response: Response, next: NextFunction) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || API_PATHS.test(request.path)) return next();
    if (!request.accepts('html')) return next();
    // The page changes with each build; its hashed assets are what may be cached.
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(index);
  });
}
