//! The static HLS master manifest and the CloudFront origin group for two-Region live failover.
