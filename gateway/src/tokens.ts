import { parseArgs } from 'node:util';
import { ROLES, type Role } from '@civicgraph/platform';
import { exampleTokens, mintDevToken } from './auth.ts';
import { devTokenSecret } from './config.ts';

// `npm run tokens` — development tokens, signed with the same secret `npm start` verifies with.
//   npm run tokens                                  one example token per role
//   npm run tokens -- --role handler --agency cc-housing [--subject handler:wang] [--scopes "appeals:read appeals:write"]
const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    agency: { type: 'string' },
    subject: { type: 'string' },
    scopes: { type: 'string' },
    days: { type: 'string', default: '30' },
  },
});

const expiresIn = Number(values.days) * 24 * 3600;
const secret = devTokenSecret();
if (values.role) {
  if (!(ROLES as string[]).includes(values.role)) {
    console.error(`Unknown role ${values.role}; one of ${ROLES.join(', ')}`);
    process.exit(1);
  }
  console.log(
    await mintDevToken(secret, {
      role: values.role as Role,
      agency: values.agency,
      subject: values.subject,
      scopes: values.scopes?.split(/[\s,]+/).filter(Boolean),
      expiresIn,
    }),
  );
} else {
  console.log(await exampleTokens(secret, expiresIn));
}
