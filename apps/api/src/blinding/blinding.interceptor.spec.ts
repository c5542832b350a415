import { CallHandler, ExecutionContext, InternalServerErrorException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Principal } from '@vigil/auth';
import { lastValueFrom, of } from 'rxjs';
import { BlindingInterceptor } from './blinding.interceptor';
import { SponsorView } from './sponsor-view';
import { TrialBlinding } from './trial-blinding';

/** Each route declares how a sponsor sees it; a route that does not cannot answer a sponsor at all. */
class Routes {
  @SponsorView((body: { visible: string }) => ({ visible: body.visible }))
  declared() {}

  undeclared() {}
}

const blinding = { blindedFieldsOf: () => new Set(['arm']) } as unknown as TrialBlinding;
const interceptor = new BlindingInterceptor(new Reflector(), blinding);
const contextFor = (handler: keyof Routes, principal?: Partial<Principal>) =>
  ({
    switchToHttp: () => ({ getRequest: () => ({ principal }) }),
    getHandler: () => Routes.prototype[handler],
    getClass: () => Routes,
  }) as unknown as ExecutionContext;
const answering = (body: unknown): CallHandler => ({ handle: () => of(body) });
const body = { visible: 'yes', dsmbOnly: 'DSMB-ONLY' };

describe('BlindingInterceptor', () => {
  it('gives a sponsor the route’s declared view', async () => {
    const out = await lastValueFrom(interceptor.intercept(contextFor('declared', { role: 'sponsor' }), answering(body)));
    expect(out).toEqual({ visible: 'yes' });
  });

  it('refuses to answer a sponsor from a route that declares no sponsor view', () => {
    expect(() => interceptor.intercept(contextFor('undeclared', { role: 'sponsor' }), answering(body))).toThrow(
      InternalServerErrorException,
    );
  });

  it('leaves DSMB, safety-officer and public answers whole', async () => {
    for (const principal of [{ role: 'dsmb' as const }, { role: 'safety-officer' as const }, undefined]) {
      expect(await lastValueFrom(interceptor.intercept(contextFor('undeclared', principal), answering(body)))).toEqual(body);
    }
  });
});
