import type { licences as zh } from '../zh-CN/licences.ts';

const messages = {
  mine: {
    title: 'My licences',
    empty: 'No electronic licences yet. Approved licensing items appear here by themselves.',
  },
  number: 'Number',
  holder: 'Holder',
  agency: 'Issued by',
  issueDate: 'Issued',
  validUntil: 'Valid until',
  noExpiry: 'No end date',
  revocationReason: 'Reason for revocation',
  status: { valid: 'Valid', revoked: 'Revoked', expired: 'Expired' },
  qrFor: 'Verification QR code of licence {{number}}',
  enlarge: 'Larger QR code',
  scanHint: 'Let the verifier scan it; the check shows no personal data',
  verifyLink: 'Verify online',
  verify: {
    title: 'Verify an electronic licence',
    intro:
      "Enter the licence number or scan the licence's QR code to check that it is genuine and valid. The answer contains no personal data of the holder.",
    numberLabel: 'Licence number',
    placeholder: 'Licence number',
    submit: 'Verify',
    malformed: 'That is not a licence number: check it and try again',
    results: {
      valid: 'The licence is valid',
      revoked: 'The licence has been revoked',
      expired: 'The licence has expired',
      unknown: 'No such licence',
      invalid: 'The record does not match its signature: it may have been altered',
    },
    name: 'Licence',
    revokedAt: 'Revoked at',
    signature: 'Digital signature',
    signatureValid: 'Valid (signed by the platform)',
    signatureInvalid: 'Not valid',
    checkedAt: 'Checked {{at}}',
  },
};

export const licences: typeof zh = messages;
