import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { writeFileSync } from 'node:fs';
import { ApiModule } from '../api.module';
import { openApiDocument } from './openapi-document';

/**
 * `npm run openapi:update`: writes the OpenAPI document the API serves at /docs-json to docs/openapi.json
 * (or the path given). Preview mode builds the routes without starting providers, so no database is needed.
 */
async function main(target = 'docs/openapi.json'): Promise<void> {
  const app = await NestFactory.create(ApiModule, { preview: true, logger: false });
  writeFileSync(target, `${JSON.stringify(openApiDocument(app), null, 2)}\n`);
  await app.close();
  console.log(`wrote ${target}`);
}

main(process.argv[2]).catch((error) => {
  console.error(error);
  process.exit(1);
});
