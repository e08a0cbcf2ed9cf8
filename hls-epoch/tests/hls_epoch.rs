//! Integration tests for `hls-epoch`: properties over the whole supported range, a differential test
//! against an arbitrary-precision reference, bad input, and the serde forms.

// Tests and their helpers may panic: that is how they fail.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod hls_epoch {
    mod bad_input;
    mod differential;
    mod properties;
    #[cfg(feature = "serde")]
    mod serde_forms;
}
