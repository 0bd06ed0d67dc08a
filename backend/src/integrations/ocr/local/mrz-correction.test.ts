import { describe, expect, it } from 'vitest';
import { bestMrz, correctMrz, misreadDigitCells } from './mrz-correction.js';

const GBR = ['P<GBRSMITH<<JOHN<PETER<<<<<<<<<<<<<<<<<<<<<<', '1234567897GBR8502142M3103120<<<<<<<<<<<<<<02'];
const FRA = ['P<FRAMARTIN<<CLAIRE<<<<<<<<<<<<<<<<<<<<<<<<<', '24FR812342FRA9207053F3301188<<<<<<<<<<<<<<04'];

describe('MRZ repair by structure and check digits', () => {
  it('turns look-alikes into digits where only digits stand and into letters where only letters do', () => {
    const misread = ['P<GBR5MITH<<J0HN<PETER<<<<<<<<<<<<<<<<<<<<<<', '1234567897G8R85O2142M31O3120<<<<<<<<<<<<<<O2'];
    expect(correctMrz('TD3', misread).lines).toEqual(GBR);
  });

  it('swaps a look-alike in a document number when exactly one smallest swap makes the check digit hold, and counts it as a guess', () => {
    const misread = [FRA[0]!, FRA[1]!.replace('24FR81234', '24FR8I234')];
    expect(correctMrz('TD3', misread)).toMatchObject({ lines: FRA, changes: 0, guesses: 1 });
  });

  it('makes no swap when two different ones would satisfy the check digit', () => {
    const misread = [FRA[0]!, FRA[1]!.replace('24FR81234', '24FRB1234')];
    expect(correctMrz('TD3', misread).lines).toEqual(misread);
  });

  it('picks, among the characters the engine hesitated between, those the check digits agree with', () => {
    const read = [FRA[0]!, FRA[1]!.replace('24FR81234', '24FR8T234')];
    expect(bestMrz('TD3', read, [{ line: 1, index: 5, options: ['T', '1'] }]).lines).toEqual(FRA);
  });

  it('lists the cells where a digit must stand but none was read', () => {
    expect(misreadDigitCells('TD3', [GBR[0]!, `${GBR[1]!.slice(0, 43)}E`])).toEqual([{ line: 1, index: 43 }]);
    expect(misreadDigitCells('TD3', GBR)).toEqual([]);
  });
});
