//! A local rehearsal of the resilient two-Region live HLS workflow, measured as a viewer would see it.
