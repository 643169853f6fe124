// The resolved features as the devcontainer CLI reports them: the install order of
// `features resolve-dependencies` and read-configuration's featuresConfiguration.
import { optionValues } from './options';
import type { ResolvedFeature } from './types';

/** OCI features by `resource@digest`, others by the reference as written, each with the options given. */
export function installOrderOf(order: ResolvedFeature[]): { id: string; options: unknown }[] {
  return order.map((f) => ({ id: f.ref.kind === 'oci' ? `${f.ref.resource}@${f.integrity}` : f.userId, options: f.value }));
}

export interface FeaturesConfiguration {
  featureSets: { features: Record<string, unknown>[]; sourceInformation: Record<string, unknown> }[];
}

export function describeFeatures(order: ResolvedFeature[]): FeaturesConfiguration {
  return {
    featureSets: order.map((f) => {
      const values = optionValues(f.value, f.meta);
      const source: Record<string, unknown> =
        f.ref.kind === 'oci'
          ? { type: 'oci', userFeatureId: f.userId, manifestDigest: f.integrity, featureRef: { registry: f.ref.registry, namespace: f.ref.namespace, id: f.ref.id, resource: f.ref.resource, path: f.ref.path, tag: f.ref.tag, digest: f.ref.digest } }
          : f.ref.kind === 'local'
            ? { type: 'file-path', userFeatureId: f.userId, resolvedFilePath: f.ref.dir }
            : { type: 'direct-tarball', userFeatureId: f.userId, tarballUri: f.ref.url };
      return { features: [{ ...f.meta, value: f.value, options: f.meta.options, resolvedOptions: values.ok ? values.value : undefined, included: true }], sourceInformation: source };
    }),
  };
}
