import { describe, expect, it } from 'vitest';
import { responseProblems } from './smithy-validator.js';

const answer = (status: number, body: unknown, errorType?: string) => ({
  status,
  headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'r', ...(errorType ? { 'x-amzn-errortype': errorType } : {}) },
  body: JSON.stringify(body),
});

describe('Smithy model checker', () => {
  it('finds missing required members, wrong enums, ranges, types and unknown members in an answer', () => {
    const body = {
      IdentityDocuments: [
        {
          DocumentIndex: -1,
          IdentityDocumentFields: [{ Type: {}, ValueDetection: { Text: 'X', Confidence: 101, NormalizedValue: { Value: '2030-01-01T00:00:00', ValueType: 'TIME' } } }],
          Blocks: [{ BlockType: 'WORD', Page: '1', Colour: 'red' }],
        },
      ],
    };
    expect(responseProblems('AnalyzeID', answer(200, body))).toEqual([
      '$.IdentityDocuments[0].DocumentIndex: -1 is below the minimum 0',
      '$.IdentityDocuments[0].IdentityDocumentFields[0].Type.Text: required by com.amazonaws.textract#AnalyzeIDDetections',
      '$.IdentityDocuments[0].IdentityDocumentFields[0].ValueDetection.NormalizedValue.ValueType: "TIME" is not one of DATE',
      '$.IdentityDocuments[0].IdentityDocumentFields[0].ValueDetection.Confidence: 101 is above the maximum 100',
      '$.IdentityDocuments[0].Blocks[0].Colour: not a member of com.amazonaws.textract#Block',
      '$.IdentityDocuments[0].Blocks[0].Page: expected an integer, got "1"',
    ]);
  });

  it('holds errors to the operation, their fault to the status, and the headers to AWS JSON 1.1', () => {
    expect(responseProblems('AnalyzeID', answer(400, { __type: 'ThrottlingException', Message: 'slow down' }, 'ThrottlingException'))).toEqual([
      'ThrottlingException (a server error) answered with 400, the model says 500',
    ]);
    expect(responseProblems('AnalyzeID', answer(400, { __type: 'InvalidJobIdException', Message: 'no' }, 'InvalidJobIdException'))).toEqual(['__type InvalidJobIdException is not an error of AnalyzeID']);
    expect(responseProblems('AnalyzeID', { status: 200, headers: { 'content-type': 'application/json' }, body: '{}' })).toEqual([
      'content-type is application/json, not application/x-amz-json-1.1',
      'no x-amzn-RequestId header',
    ]);
  });
});
