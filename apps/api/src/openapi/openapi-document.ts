import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/** The OpenAPI document served at /docs-json, generated from the controllers and their DTOs. */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Vigil')
      .setDescription(
        'Safety alerts for DSMBs and sponsors. Authenticate with a Bearer JWT (HS256). Every error is an RFC 9457 ' +
          'problem (`application/problem+json`) whose `errors` names each parameter or body field at fault.',
      )
      .addBearerAuth()
      .build(),
  );
}
