// The connection contract's names have one source: src/connection/contract.ts (the constructs,
// jsii). The client package (client/) cannot depend on the constructs, so it gets this copy,
// written before every compile; test/connection/contract-copy.test.ts fails when it is stale.
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const SOURCE = path.join(root, 'src', 'connection', 'contract.ts');
const COPY = path.join(root, 'client', 'src', 'contract.ts');
const HEADER = '// Generated from src/connection/contract.ts by scripts/copy-contract.js: edit that file, not this one.\n';

/** What client/src/contract.ts must hold. */
function expectedCopy() {
  return HEADER + fs.readFileSync(SOURCE, 'utf8');
}

module.exports = { COPY, expectedCopy };

if (require.main === module) {
  const text = expectedCopy();
  if (!fs.existsSync(COPY) || fs.readFileSync(COPY, 'utf8') !== text) fs.writeFileSync(COPY, text);
}
