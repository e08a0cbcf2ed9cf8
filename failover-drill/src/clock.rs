//! The drill clock: drill time runs `speed` times faster than real time, so an hour of segments can be
//! rehearsed in minutes while every duration the drill reports stays in drill (viewer) time.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use hls_epoch::Timestamp;
use tokio::time::Instant;

/// Why a clock could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The speed is outside what the drill can keep to on a loaded machine.
    #[error("clock speed = {speed} is not allowed: expected 1 (real time) to {max}", max = DrillClock::MAX_SPEED)]
    Speed {
        /// The speed given.
        speed: u32,
    },
}

/// A scaled real-time clock shared by every part of one drill.
///
/// Drill time starts at `start` (a wall-clock instant chosen by the caller, which fixes the epoch-locked
/// segment numbers) when the monotonic instant `real_start` is reached, and then advances `speed` drill
/// seconds per real second. The clock is the drill's only time source: nothing in this crate reads the
/// system clock, so a caller decides what "now" is.
///
/// ```
/// use failover_drill::DrillClock;
/// use std::time::Duration;
///
/// # tokio::runtime::Builder::new_current_thread().enable_time().build()?.block_on(async {
/// let start = "2026-11-24T22:00:00Z".parse()?;
/// let clock = DrillClock::new(start, tokio::time::Instant::now(), 30)?;
/// assert_eq!(clock.to_real(Duration::from_secs(6)), Duration::from_millis(200));
/// assert!(clock.now() >= start);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// # })?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct DrillClock {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    start: Timestamp,
    real_start: Instant,
    speed: u32,
}

impl DrillClock {
    /// The fastest speed allowed: at 100x, a 6 s segment lasts 60 ms of real time, still far above the
    /// timer and scheduling jitter of a busy machine (a few milliseconds).
    pub const MAX_SPEED: u32 = 100;

    /// A clock reading `start` at `real_start` and running `speed` times faster than real time.
    pub fn new(start: Timestamp, real_start: Instant, speed: u32) -> Result<Self, Error> {
        if !(1..=Self::MAX_SPEED).contains(&speed) {
            return Err(Error::Speed { speed });
        }
        Ok(Self {
            inner: Arc::new(Inner {
                start,
                real_start,
                speed,
            }),
        })
    }

    /// Drill time per real time.
    pub fn speed(&self) -> u32 {
        self.inner.speed
    }

    /// The drill instant at which the clock started.
    pub fn start(&self) -> Timestamp {
        self.inner.start
    }

    /// Drill time elapsed since the start.
    pub fn elapsed(&self) -> Duration {
        self.to_drill(Instant::now().saturating_duration_since(self.inner.real_start))
    }

    /// The current drill instant.
    pub fn now(&self) -> Timestamp {
        self.at(self.elapsed())
    }

    /// The drill instant `elapsed` after the start.
    pub fn at(&self, elapsed: Duration) -> Timestamp {
        let nanos = i128::try_from(elapsed.as_nanos()).unwrap_or(i128::MAX);
        // A drill lasts minutes; an overflow past year 9999 cannot happen, and saturating keeps `now`
        // monotonic if it ever did.
        self.inner
            .start
            .checked_add_nanos(nanos)
            .unwrap_or(self.inner.start)
    }

    /// Drill time from the start to `instant` (zero for instants before the start).
    pub fn since_start(&self, instant: Timestamp) -> Duration {
        let nanos = instant.unix_nanos() - self.inner.start.unix_nanos();
        nanos_to_duration(nanos)
    }

    /// The real duration of `drill` drill time.
    pub fn to_real(&self, drill: Duration) -> Duration {
        drill / self.inner.speed
    }

    /// The drill duration of `real` real time.
    pub fn to_drill(&self, real: Duration) -> Duration {
        real.saturating_mul(self.inner.speed)
    }

    /// Waits `drill` drill time.
    pub async fn sleep(&self, drill: Duration) {
        tokio::time::sleep(self.to_real(drill)).await;
    }

    /// Waits until the drill instant `instant` (at once if it has passed).
    pub async fn sleep_until(&self, instant: Timestamp) {
        let target = self.inner.real_start + self.to_real(self.since_start(instant));
        tokio::time::sleep_until(target).await;
    }

    /// Runs `future` for at most `drill` drill time; `None` when the time ran out first.
    pub async fn timeout<F: Future>(&self, drill: Duration, future: F) -> Option<F::Output> {
        tokio::time::timeout(self.to_real(drill), future).await.ok()
    }
}

/// Signed nanoseconds as a duration, clamped at zero.
pub(crate) fn nanos_to_duration(nanos: i128) -> Duration {
    let nanos = u128::try_from(nanos).unwrap_or(0);
    let secs = u64::try_from(nanos / 1_000_000_000).unwrap_or(u64::MAX);
    // The remainder is below 10^9 and fits in u32.
    Duration::new(secs, u32::try_from(nanos % 1_000_000_000).unwrap_or(0))
}

/// Drill time between two instants (zero when `to` is before `from`).
pub(crate) fn between(from: Timestamp, to: Timestamp) -> Duration {
    nanos_to_duration(to.unix_nanos() - from.unix_nanos())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_speeds_out_of_range() {
        let start = Timestamp::UNIX_EPOCH;
        let now = Instant::now();
        assert_eq!(
            DrillClock::new(start, now, 0).err(),
            Some(Error::Speed { speed: 0 })
        );
        assert!(DrillClock::new(start, now, 101).is_err());
        assert!(DrillClock::new(start, now, 100).is_ok());
    }

    #[test]
    fn converts_both_ways() {
        let clock = DrillClock::new(Timestamp::UNIX_EPOCH, Instant::now(), 20).unwrap();
        assert_eq!(clock.to_drill(Duration::from_millis(300)), Duration::from_secs(6));
        assert_eq!(
            clock.to_real(Duration::from_secs(30)),
            Duration::from_millis(1500)
        );
        let later = clock.at(Duration::from_millis(6006));
        assert_eq!(clock.since_start(later), Duration::from_millis(6006));
        assert_eq!(between(later, Timestamp::UNIX_EPOCH), Duration::ZERO);
    }
}
