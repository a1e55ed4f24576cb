import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// An App without an outdir synthesizes into a new os.tmpdir()/cdk.outXXXX that nothing removes:
// thousands a run (property tests make an App per case). Each test file's Apps share one outdir
// instead (synthesis is synchronous: they never write at once), removed when the file ends.
// Apps given an outdir, and the CDK_OUTDIR a test sets itself, are untouched.
if (process.env.CDK_OUTDIR === undefined) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-elasticache-test-out-'));
  process.env.CDK_OUTDIR = outdir;
  afterAll(() => {
    if (process.env.CDK_OUTDIR === outdir) delete process.env.CDK_OUTDIR;
    fs.rmSync(outdir, { recursive: true, force: true });
  });
}
