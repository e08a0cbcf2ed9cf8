//! Typed AWS Elemental MediaLive channel template for epoch-locked, redundant live HLS.
