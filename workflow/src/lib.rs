//! Plan, apply, operate and tear down the resilient two-Region live HLS workflow on AWS.
