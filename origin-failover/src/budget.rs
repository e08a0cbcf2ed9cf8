//! The failover budget: how long a viewer waits for the backup while the primary Region is down, slow or
//! missing a rendition, compared with what the player's buffer can hide.

use std::cmp::{Ordering, Reverse};
use std::fmt;

use hls_epoch::{Cadence, Seconds};

use crate::distribution::{ConnectionAttempts, ConnectionTimeout, OriginTimeouts, ReadTimeout};
use crate::origin_group::{Method, OriginGroupPolicy, OriginOutcome, add, cost, saturating_sub};

/// The player side of the budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Player {
    buffer: Seconds,
    requests_per_segment: u32,
}

impl Player {
    /// A player holding `buffer` of media ahead of the play head.
    ///
    /// It makes two requests per segment (the rendition playlist, then the segment), each a cache miss
    /// in the worst case: a live object is new at every edge, and CloudFront never remembers a failover.
    pub const fn new(buffer: Seconds) -> Self {
        Self {
            buffer,
            requests_per_segment: 2,
        }
    }

    /// How many segments a live player holds when it starts at the live edge: RFC 8216 (section 6.3.3)
    /// has a client start no less than three target durations from the end of the playlist, and hls.js
    /// and Safari hold about that much.
    pub const LIVE_EDGE_SEGMENTS: u32 = 3;

    /// A player that starts at the live edge: [`Player::LIVE_EDGE_SEGMENTS`] segments of `cadence`.
    pub fn live_edge(cadence: Cadence) -> Self {
        Self::segments(Self::LIVE_EDGE_SEGMENTS, cadence)
    }

    /// A player that buffers `segments` segments of `cadence`.
    pub fn segments(segments: u32, cadence: Cadence) -> Self {
        let buffer = cadence
            .duration()
            .scale(u64::from(segments), 1)
            .unwrap_or(Seconds::whole(u64::MAX));
        Self::new(buffer)
    }

    /// Sets how many requests a segment costs (1 for a player that reloads the playlist rarely).
    pub const fn with_requests_per_segment(mut self, requests: u32) -> Self {
        self.requests_per_segment = requests;
        self
    }

    /// The media held ahead of the play head.
    pub const fn buffer(self) -> Seconds {
        self.buffer
    }

    /// Requests per segment.
    pub const fn requests_per_segment(self) -> u32 {
        self.requests_per_segment
    }
}

/// What is wrong with the primary Region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fault {
    /// The primary origin does not accept connections (Region or container down): every attempt times out.
    Down,
    /// The primary accepts connections but does not answer in time.
    Slow,
    /// The primary answers 404: its pipeline paused and the lifecycle rule removed the rendition playlist.
    Missing,
    /// The primary's input stopped without a 404: it keeps serving its last playlist until its stale
    /// detection (MediaPackage's `STALE_MANIFEST`, MediaStore's lifecycle rule) makes it answer 404.
    /// Budgeted only when the threshold is known ([`FailoverBudget::with_stale_manifest`]).
    Stale,
}

impl Fault {
    /// The faults every budget reports, in order ([`Fault::Stale`] follows when its threshold is known).
    pub const ALL: [Fault; 3] = [Fault::Down, Fault::Slow, Fault::Missing];

    fn outcome(self) -> OriginOutcome {
        match self {
            Self::Down => OriginOutcome::ConnectTimeout,
            Self::Slow => OriginOutcome::ReadTimeout,
            Self::Missing | Self::Stale => OriginOutcome::Status(404),
        }
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Down => "primary down (connection timeouts)",
            Self::Slow => "primary slow (read timeouts)",
            Self::Missing => "primary answers 404",
            Self::Stale => "primary stale until its stale detection answers 404",
        })
    }
}

/// Whether the viewer notices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// The buffer hides the failover; `headroom` is how much more delay it could hide per segment.
    Seamless {
        /// Spare seconds per segment.
        headroom: Seconds,
    },
    /// The viewer sees the picture stop.
    Stall {
        /// Seconds of stall: once, or per segment when `recurring`.
        seconds: Seconds,
        /// Whether the delay per segment exceeds the segment itself, so that once the buffer has run dry
        /// the player stalls on every segment for as long as the primary stays faulty.
        recurring: bool,
    },
    /// The fault's status code does not fail over: the viewer gets it.
    NoFailover {
        /// The status the viewer gets.
        viewer_status: u16,
    },
}

impl Verdict {
    /// Whether the viewer notices nothing.
    pub const fn is_seamless(self) -> bool {
        matches!(self, Self::Seamless { .. })
    }

    /// How much worse this is than `other` for the viewer: no failover is worst, then a stall on every
    /// segment, then a single stall (longer is worse), then seamless (less to spare is worse).
    pub fn severity_cmp(self, other: Verdict) -> Ordering {
        // (class, how bad within the class)
        fn key(verdict: Verdict) -> (u8, Seconds, Reverse<Seconds>) {
            match verdict {
                Verdict::Seamless { headroom } => (0, Seconds::ZERO, Reverse(headroom)),
                Verdict::Stall {
                    seconds,
                    recurring: false,
                } => (1, seconds, Reverse(Seconds::ZERO)),
                Verdict::Stall {
                    seconds,
                    recurring: true,
                } => (2, seconds, Reverse(Seconds::ZERO)),
                Verdict::NoFailover { .. } => (3, Seconds::ZERO, Reverse(Seconds::ZERO)),
            }
        }
        key(self).cmp(&key(other))
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Seamless { headroom } => write!(f, "seamless ({headroom} s to spare per segment)"),
            Self::Stall {
                seconds,
                recurring: true,
            } => {
                write!(
                    f,
                    "stall of {seconds} s on every segment once the buffer is empty"
                )
            }
            Self::Stall {
                seconds,
                recurring: false,
            } => write!(f, "stall of {seconds} s"),
            Self::NoFailover { viewer_status } => {
                write!(
                    f,
                    "no failover: the viewer gets {viewer_status} (add it to the failover status codes)"
                )
            }
        }
    }
}

/// The budget for one fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FaultBudget {
    /// The fault.
    pub fault: Fault,
    /// Seconds CloudFront spends on the primary before asking the backup, per request; for
    /// [`Fault::Stale`], the one-off wait beyond a segment before the primary answers 404.
    pub delay_per_request: Seconds,
    /// Connection attempts made on the primary per request.
    pub attempts_per_request: u32,
    /// The delay a segment costs: `delay_per_request` x requests per segment.
    pub delay_per_segment: Seconds,
    /// Whether the viewer notices.
    pub verdict: Verdict,
}

impl fmt::Display for FaultBudget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.fault == Fault::Stale {
            // A one-off wait, not a cost per request.
            write!(
                f,
                "{}: {} s of waiting beyond the next segment, once: ",
                self.fault, self.delay_per_request
            )?;
            return match self.verdict {
                Verdict::Seamless { headroom } => write!(f, "seamless ({headroom} s of buffer to spare)"),
                other => write!(f, "{other}"),
            };
        }
        write!(
            f,
            "{}: {} s per request ({} attempt(s)), {} s per segment: {}",
            self.fault,
            self.delay_per_request,
            self.attempts_per_request,
            self.delay_per_segment,
            self.verdict
        )
    }
}

/// The budget of every [`Fault`] for one origin group, cadence and player.
///
/// ```
/// use hls_epoch::{Cadence, FrameRate};
/// use origin_failover::budget::{FailoverBudget, Player};
/// use origin_failover::origin_group::OriginGroupPolicy;
/// use origin_failover::{FailoverStatusCodes, OriginTimeouts};
///
/// let cadence = Cadence::from_medialive_segment_length(6, FrameRate::FPS_30)?;
/// let defaults = OriginTimeouts::CLOUDFRONT_DEFAULTS;
/// let policy = OriginGroupPolicy::new(FailoverStatusCodes::default(), defaults, defaults);
/// let budget = FailoverBudget::new(&policy, cadence, Player::live_edge(cadence));
/// assert!(!budget.is_seamless());
/// assert_eq!(budget.verdict().to_string(), "stall of 174 s on every segment once the buffer is empty");
/// assert_eq!(budget.recommended_timeouts().connection_timeout.seconds(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FailoverBudget {
    segment: Seconds,
    player: Player,
    faults: Vec<FaultBudget>,
}

impl FailoverBudget {
    /// The budget of `policy` (its primary's timeouts and its failover codes).
    ///
    /// The model: while the primary is faulty every request that misses the cache pays the delay again
    /// (CloudFront's failover is per request and never sticky), and the player makes
    /// [`Player::requests_per_segment`] such requests per segment. If that exceeds a segment's duration
    /// the player falls behind for good; otherwise the buffer absorbs it unless the buffer is shorter.
    /// The backup is assumed healthy and its transfer time is not counted.
    pub fn new(policy: &OriginGroupPolicy, cadence: Cadence, player: Player) -> Self {
        let segment = cadence.duration();
        let faults = Fault::ALL
            .map(|fault| fault_budget(policy, fault, segment, player))
            .to_vec();
        Self {
            segment,
            player,
            faults,
        }
    }

    /// Adds [`Fault::Stale`]: the origin answers 404 once its playlist has gone `threshold` without a
    /// new segment, and the edge may hold the stale playlist `playlist_max_age` longer (the playlist's
    /// cache lifetime). The player, which expected the next segment one segment after the last, waits
    /// the rest out of its buffer, once; then the 404 fails over at no cost per request.
    ///
    /// The threshold belongs to the origin: for MediaPackage v2 it is undocumented, and the crate that
    /// models that origin names its assumption.
    pub fn with_stale_manifest(mut self, threshold: Seconds, playlist_max_age: Seconds) -> Self {
        let wait = saturating_sub(add(threshold, playlist_max_age), self.segment);
        // Once detected, a stale primary is a missing one: its 404 fails over, or does not.
        let missing = self
            .faults
            .iter()
            .find(|f| f.fault == Fault::Missing)
            .map(|f| f.verdict);
        let verdict = if let Some(no_failover @ Verdict::NoFailover { .. }) = missing {
            no_failover
        } else if wait > self.player.buffer {
            Verdict::Stall {
                seconds: saturating_sub(wait, self.player.buffer),
                recurring: false,
            }
        } else {
            Verdict::Seamless {
                headroom: saturating_sub(self.player.buffer, wait),
            }
        };
        self.faults.retain(|f| f.fault != Fault::Stale);
        self.faults.push(FaultBudget {
            fault: Fault::Stale,
            delay_per_request: wait,
            attempts_per_request: 1,
            delay_per_segment: wait,
            verdict,
        });
        self
    }

    /// Each fault's budget.
    pub fn faults(&self) -> &[FaultBudget] {
        &self.faults
    }

    /// Whether no fault is visible to the viewer.
    pub fn is_seamless(&self) -> bool {
        self.faults.iter().all(|f| f.verdict.is_seamless())
    }

    /// The fault the viewer feels most (by [`Verdict::severity_cmp`]; the first of equals).
    pub fn worst(&self) -> &FaultBudget {
        self.faults.iter().fold(&self.faults[0], |worst, fault| {
            if fault.verdict.severity_cmp(worst.verdict).is_gt() {
                fault
            } else {
                worst
            }
        })
    }

    /// The budget's verdict: the worst fault's. Seamless means every fault is hidden, with the smallest
    /// margin any of them leaves.
    pub fn verdict(&self) -> Verdict {
        self.worst().verdict
    }

    /// The segment duration.
    pub fn segment(&self) -> Seconds {
        self.segment
    }

    /// The player.
    pub fn player(&self) -> Player {
        self.player
    }

    /// Timeouts that make the down and slow faults seamless for this cadence and player, when any can:
    /// [`recommended_timeouts`] for this budget's segment and player.
    pub fn recommended_timeouts(&self) -> OriginTimeouts {
        recommend(self.segment, self.player)
    }
}

/// Timeouts that make the down and slow faults seamless for `cadence` and `player`, when any can.
///
/// One connection attempt (a second one only doubles the wait while a Region is down), and connection
/// and read timeouts of a third of the smaller of the segment and the buffer divided by the requests
/// per segment: one share for each request's failover and one left for the transfer from the backup.
/// Values are clamped to CloudFront's ranges, so with very short segments the result may still stall.
/// A read timeout this short may fail over a request that was merely slow; that costs one request to
/// the other Region, which serves the same epoch-locked object.
///
/// ```
/// use hls_epoch::{Cadence, FrameRate};
/// use origin_failover::budget::{Player, recommended_timeouts};
///
/// let cadence = Cadence::from_medialive_segment_length(6, FrameRate::FPS_30)?;
/// let timeouts = recommended_timeouts(cadence, Player::live_edge(cadence));
/// assert_eq!(
///     (timeouts.connection_timeout.seconds(), timeouts.connection_attempts.count(), timeouts.read_timeout.seconds()),
///     (2, 1, 2)
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn recommended_timeouts(cadence: Cadence, player: Player) -> OriginTimeouts {
    recommend(cadence.duration(), player)
}

fn recommend(segment: Seconds, player: Player) -> OriginTimeouts {
    let window = segment.min(player.buffer);
    let shares = u64::from(player.requests_per_segment) + 1;
    let allowance = window.scale(1, shares).map(Seconds::floor).unwrap_or(1);
    let seconds = u32::try_from(allowance).unwrap_or(u32::MAX);
    OriginTimeouts {
        connection_timeout: ConnectionTimeout::new(seconds.clamp(1, 10))
            .unwrap_or(ConnectionTimeout::DEFAULT),
        connection_attempts: ConnectionAttempts::new(1).unwrap_or(ConnectionAttempts::DEFAULT),
        read_timeout: ReadTimeout::new(seconds.clamp(1, 120)).unwrap_or(ReadTimeout::DEFAULT),
        response_completion_timeout: None,
    }
}

impl fmt::Display for FailoverBudget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "segments of {} s, player buffer {} s, {} request(s) per segment",
            self.segment, self.player.buffer, self.player.requests_per_segment
        )?;
        for fault in &self.faults {
            writeln!(f, "  {fault}")?;
        }
        Ok(())
    }
}

fn fault_budget(policy: &OriginGroupPolicy, fault: Fault, segment: Seconds, player: Player) -> FaultBudget {
    let outcome = fault.outcome();
    let spent = cost(policy.primary_timeouts(), &Method::Get, outcome);
    let requests = u64::from(player.requests_per_segment);
    let per_segment = spent
        .waited
        .scale(requests, 1)
        .unwrap_or(Seconds::whole(u64::MAX));
    let verdict = if !policy.fails_over(&Method::Get, outcome) {
        Verdict::NoFailover {
            viewer_status: outcome.viewer_status(),
        }
    } else if per_segment > segment {
        Verdict::Stall {
            seconds: saturating_sub(per_segment, segment),
            recurring: true,
        }
    } else if per_segment > player.buffer {
        Verdict::Stall {
            seconds: saturating_sub(per_segment, player.buffer),
            recurring: false,
        }
    } else {
        let headroom = saturating_sub(segment.min(player.buffer), per_segment);
        Verdict::Seamless { headroom }
    };
    FaultBudget {
        fault,
        delay_per_request: spent.waited,
        attempts_per_request: spent.attempts,
        delay_per_segment: per_segment,
        verdict,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FailoverStatusCodes;
    use hls_epoch::FrameRate;

    fn budget(timeouts: OriginTimeouts, segment: u32, buffer_segments: u32) -> FailoverBudget {
        let cadence = Cadence::from_medialive_segment_length(segment, FrameRate::FPS_30).unwrap();
        let policy = OriginGroupPolicy::new(FailoverStatusCodes::default(), timeouts, timeouts);
        FailoverBudget::new(&policy, cadence, Player::segments(buffer_segments, cadence))
    }

    #[test]
    fn one_off_stall_when_the_buffer_is_short() {
        let t = OriginTimeouts::new(3, 1, 3, None).unwrap();
        let b = budget(t, 6, 1);
        // 2 x 3 s = 6 s per segment: sustainable, and the 6 s buffer just hides it.
        assert!(b.faults()[0].verdict.is_seamless());
        let b = FailoverBudget::new(
            &OriginGroupPolicy::new(FailoverStatusCodes::default(), t, t),
            Cadence::from_medialive_segment_length(6, FrameRate::FPS_30).unwrap(),
            Player::new(Seconds::whole(4)),
        );
        assert_eq!(
            b.faults()[0].verdict,
            Verdict::Stall {
                seconds: Seconds::whole(2),
                recurring: false
            }
        );
    }

    #[test]
    fn missing_without_404_does_not_fail_over() {
        let cadence = Cadence::from_medialive_segment_length(6, FrameRate::FPS_30).unwrap();
        let t = OriginTimeouts::default();
        let policy = OriginGroupPolicy::new(FailoverStatusCodes::new([500, 502, 503, 504]).unwrap(), t, t);
        let b = FailoverBudget::new(&policy, cadence, Player::segments(3, cadence));
        assert_eq!(b.faults()[2].verdict, Verdict::NoFailover { viewer_status: 404 });
    }

    #[test]
    fn recommendation_for_short_segments_is_clamped() {
        let b = budget(OriginTimeouts::default(), 1, 3);
        let r = b.recommended_timeouts();
        assert_eq!(
            (
                r.connection_timeout.seconds(),
                r.connection_attempts.count(),
                r.read_timeout.seconds()
            ),
            (1, 1, 1)
        );
        let b = budget(OriginTimeouts::default(), 10, 3);
        assert_eq!(b.recommended_timeouts().connection_timeout.seconds(), 3);
        let cadence = Cadence::from_medialive_segment_length(10, FrameRate::FPS_30).unwrap();
        assert_eq!(
            recommended_timeouts(cadence, Player::live_edge(cadence)),
            b.recommended_timeouts()
        );
    }

    #[test]
    fn the_verdict_is_the_worst_fault() {
        // 3 s x 1 and 10 s: down is seamless (6 s a segment), slow stalls 14 s a segment, 404 is free.
        let b = budget(OriginTimeouts::new(3, 1, 10, None).unwrap(), 6, 3);
        assert_eq!(b.worst().fault, Fault::Slow);
        assert_eq!(
            b.verdict(),
            Verdict::Stall {
                seconds: Seconds::whole(14),
                recurring: true
            }
        );
        // Everything seamless: the verdict is the smallest margin (down and slow leave 2 s, 404 6 s).
        let b = budget(OriginTimeouts::new(2, 1, 2, None).unwrap(), 6, 3);
        assert_eq!(b.worst().fault, Fault::Down);
        assert_eq!(
            b.verdict(),
            Verdict::Seamless {
                headroom: Seconds::whole(2)
            }
        );
        assert_eq!(b.verdict().to_string(), "seamless (2 s to spare per segment)");
    }

    #[test]
    fn stale_detection_comes_out_of_the_buffer_once() {
        let t = OriginTimeouts::new(2, 1, 2, None).unwrap();
        // Two segments of threshold and half a segment at the edge: 9 s beyond the expected 6 s.
        let b = budget(t, 6, 3).with_stale_manifest(Seconds::whole(12), Seconds::whole(3));
        let stale = b.faults()[3];
        assert_eq!(stale.fault, Fault::Stale);
        assert_eq!(stale.delay_per_request, Seconds::whole(9));
        assert_eq!(
            stale.verdict,
            Verdict::Seamless {
                headroom: Seconds::whole(9)
            }
        );
        // A one-segment buffer stalls 3 s, once.
        let b = budget(t, 6, 1).with_stale_manifest(Seconds::whole(12), Seconds::whole(3));
        assert_eq!(
            b.faults()[3].verdict,
            Verdict::Stall {
                seconds: Seconds::whole(3),
                recurring: false
            }
        );
        assert_eq!(b.worst().fault, Fault::Stale);
        assert_eq!(
            b.faults()[3].to_string(),
            "primary stale until its stale detection answers 404: 9 s of waiting beyond the next segment, once: \
             stall of 3 s"
        );
        // Set twice, counted once.
        let again = b.with_stale_manifest(Seconds::whole(6), Seconds::ZERO);
        assert_eq!(again.faults().len(), 4);
        assert!(again.faults()[3].verdict.is_seamless());
    }

    #[test]
    fn a_group_without_404_never_gets_past_a_stale_primary() {
        let cadence = Cadence::from_medialive_segment_length(6, FrameRate::FPS_30).unwrap();
        let t = OriginTimeouts::default();
        let policy = OriginGroupPolicy::new(FailoverStatusCodes::new([503, 504]).unwrap(), t, t);
        let b = FailoverBudget::new(&policy, cadence, Player::segments(3, cadence))
            .with_stale_manifest(Seconds::whole(12), Seconds::whole(3));
        assert_eq!(b.faults()[3].verdict, Verdict::NoFailover { viewer_status: 404 });
    }

    #[test]
    fn severity_orders_verdicts() {
        let seamless = |s| Verdict::Seamless {
            headroom: Seconds::whole(s),
        };
        let stall = |s, recurring| Verdict::Stall {
            seconds: Seconds::whole(s),
            recurring,
        };
        let ordered = [
            seamless(5),
            seamless(1),
            stall(1, false),
            stall(9, false),
            stall(1, true),
            stall(9, true),
            Verdict::NoFailover { viewer_status: 404 },
        ];
        for pair in ordered.windows(2) {
            assert!(pair[0].severity_cmp(pair[1]).is_lt(), "{pair:?}");
            assert!(pair[1].severity_cmp(pair[0]).is_gt(), "{pair:?}");
        }
        assert!(seamless(1).severity_cmp(seamless(1)).is_eq());
    }
}
