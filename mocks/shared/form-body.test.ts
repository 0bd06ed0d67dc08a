import { describe, expect, it } from 'vitest';
import { parseFormBody } from './form-body.js';
import { encodeForm } from '../cloudbeds/test-client.js';

describe('parseFormBody (PHP bracket semantics)', () => {
  it('nests bracketed names into arrays and objects', () => {
    const raw =
      'reservationID=HV1001&items%5B0%5D%5BappItemID%5D=ik-spa&items[0][itemTaxes][0][taxName]=VAT&items[0][itemTaxes][0][taxValue]=2.5' +
      '&items[1][appItemID]=ik-tip';
    expect(parseFormBody(raw)).toEqual({
      reservationID: 'HV1001',
      items: [{ appItemID: 'ik-spa', itemTaxes: [{ taxName: 'VAT', taxValue: '2.5' }] }, { appItemID: 'ik-tip' }],
    });
  });

  it('appends with [], lets the last value win, orders indexes, keeps named keys as objects', () => {
    expect(parseFormBody('a[]=x&a[]=y&b=1&b=2&c[2]=z&c[0]=w&d[name]=v')).toEqual({ a: ['x', 'y'], b: '2', c: ['w', 'z'], d: { name: 'v' } });
  });

  it('round-trips what encodeForm writes', () => {
    const input = { reservationID: 'HV1', items: [{ appItemID: 'a', itemQuantity: 2, itemTaxes: [{ taxName: 'T', taxValue: 1 }] }] };
    expect(parseFormBody(encodeForm(input))).toEqual({
      reservationID: 'HV1',
      items: [{ appItemID: 'a', itemQuantity: '2', itemTaxes: [{ taxName: 'T', taxValue: '1' }] }],
    });
  });
});
