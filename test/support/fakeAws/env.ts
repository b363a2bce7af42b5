/**
 * Process-wide settings every test that builds an AWS SDK client needs. Imported for its side
 * effects by the fake's entry module, so importing the fake is enough.
 *
 * - The SDK prints a deprecation warning on Node 20; tests should not be noisy.
 * - Tests always pass explicit credentials and endpoints, but if a client were ever built
 *   without them, the default credential chain could probe the EC2 instance metadata address.
 *   Turning IMDS off makes such a mistake fail fast instead of sending traffic off-box.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.AWS_EC2_METADATA_DISABLED = 'true';

export {};
