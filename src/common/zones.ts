import { isResolved, RuleReport } from './validation';

// "you can only locate nodes in Availability Zones that are associated with the subnets in the selected subnet group".
const DOC = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateCacheCluster.html';

/**
 * Preferred zones must be zones of the cache's subnets. Skipped while the VPC's zones are CDK's
 * placeholders (`dummy1a`, …, on the first synth of an environment-bound stack, before the
 * context look-up has answered), so a valid app is never rejected for a value CDK made up.
 */
export function checkZonesInSubnets(r: RuleReport, azs: string[] | undefined, subnetAzs: string[],
  property = 'preferredAvailabilityZones'): void {
  if (!azs || !isResolved(azs) || !isResolved(subnetAzs) || subnetAzs.length === 0) return;
  if (subnetAzs.some((az) => az.startsWith('dummy'))) return;
  const outside = azs.filter((az) => !subnetAzs.includes(az));
  if (outside.length > 0) {
    r.fail(property, azs,
      `${outside.join(', ')} ${outside.length === 1 ? 'is' : 'are'} not among the subnet group's zones (${subnetAzs.join(', ')})`, DOC);
  }
}
