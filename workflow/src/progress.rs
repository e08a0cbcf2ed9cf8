//! Progress of the long operations, as typed events for an observer.
//!
//! [`apply()`](crate::apply::apply_with_progress), [`start()`](crate::run::start_with_progress),
//! [`stop()`](crate::run::stop_with_progress) and [`teardown()`](crate::teardown::teardown_with_progress)
//! wait minutes for AWS (a distribution deploys in about twenty). Each reports every unit of work it
//! runs (a [`Task`]: one step of the plan, or one resource started, stopped or removed) to a
//! [`Progress`] observer: once when the task starts, whenever it starts waiting for AWS (what for:
//! `ACTIVE`, `the distribution to deploy`), and once when it finishes or fails. The library
//! neither draws nor times anything: the observer decides how to show a task and how long it took
//! (the `resilient-live` command draws one line per task on a terminal and logs plain lines
//! elsewhere). The functions without `_with_progress` report to [`Silent`].
//!
//! ```
//! use std::sync::Mutex;
//! use resilient_live::progress::{Event, Progress};
//!
//! /// Keeps every event, as a test would.
//! #[derive(Default)]
//! struct Recorder(Mutex<Vec<Event>>);
//!
//! impl Progress for Recorder {
//!     fn report(&self, event: Event) {
//!         if let Ok(mut events) = self.0.lock() {
//!             events.push(event);
//!         }
//!     }
//! }
//! ```

use std::fmt;

/// The operation a task belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    /// [`crate::apply()`]: one step of the plan.
    Apply,
    /// [`crate::start()`]: one flow or channel started.
    Start,
    /// [`crate::stop()`]: one flow or channel stopped.
    Stop,
    /// [`crate::teardown()`]: one resource removed.
    Teardown,
}

impl Operation {
    /// `apply`, `start`, `stop` or `teardown`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Operation::Apply => "apply",
            Operation::Start => "start",
            Operation::Stop => "stop",
            Operation::Teardown => "teardown",
        }
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One unit of work that an observer shows as one line.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Task {
    /// The operation it belongs to.
    pub operation: Operation,
    /// Unique within one run of the operation and stable across runs: the step's id for apply
    /// (`primary.flow-a.create`), otherwise the resource's kind and name (`flow demo-primary-a`).
    pub id: String,
}

impl Task {
    /// A task of `operation` with the identifier `id`.
    pub fn new(operation: Operation, id: impl Into<String>) -> Task {
        Task {
            operation,
            id: id.into(),
        }
    }
}

impl fmt::Display for Task {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.id)
    }
}

/// What happened to a task.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// The task started (its waits for AWS follow).
    Started(Task),
    /// The task is waiting for AWS: for `until`, such as `RUNNING` or `distribution E2QWRUHEXAMPLE
    /// to deploy`. A task may wait more than once (stop a channel that is starting, then start it).
    Waiting {
        /// The task.
        task: Task,
        /// What it waits for.
        until: String,
    },
    /// The task finished.
    Finished {
        /// The task.
        task: Task,
        /// What it did or the state it reached, such as `created`, `ACTIVE` or `removed`.
        outcome: String,
        /// The resource it worked on (name, id or key), when it is not in the task's id.
        resource: Option<String>,
    },
    /// The task failed; the operation returns the error with its causes.
    Failed {
        /// The task.
        task: Task,
        /// The error's own message (its causes are in the error the operation returns).
        error: String,
    },
}

impl Event {
    /// The task the event is about.
    pub fn task(&self) -> &Task {
        match self {
            Event::Started(task)
            | Event::Waiting { task, .. }
            | Event::Finished { task, .. }
            | Event::Failed { task, .. } => task,
        }
    }
}

/// An observer of the long operations' tasks. It is called from the operation's tasks as they run,
/// both Regions at once, so it must be cheap and must not block.
pub trait Progress: Send + Sync {
    /// Takes one event.
    fn report(&self, event: Event);
}

/// The observer that ignores every event: what the functions without `_with_progress` use.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {
    fn report(&self, _event: Event) {}
}

/// Reports `task` started, runs `work`, then reports it finished (with the outcome `finished`
/// gives) or failed. The one shape of every observed task.
pub(crate) async fn observe<T, E: fmt::Display>(
    progress: &dyn Progress,
    task: Task,
    work: impl Future<Output = Result<T, E>>,
    finished: impl FnOnce(&T) -> (String, Option<String>),
) -> Result<T, E> {
    progress.report(Event::Started(task.clone()));
    let result = work.await;
    progress.report(match &result {
        Ok(value) => {
            let (outcome, resource) = finished(value);
            Event::Finished {
                task,
                outcome,
                resource,
            }
        }
        Err(error) => Event::Failed {
            task,
            error: error.to_string(),
        },
    });
    result
}

/// Reports that `task` is waiting for `until`, then awaits `wait`. The one home of every long
/// wait's report (how long it has waited is the observer's to show).
pub(crate) async fn waiting<F: Future>(
    progress: &dyn Progress,
    task: &Task,
    until: &str,
    wait: F,
) -> F::Output {
    progress.report(Event::Waiting {
        task: task.clone(),
        until: until.to_owned(),
    });
    // On the heap: the waits are many and nested deep in apply's and teardown's futures, whose
    // frames would otherwise hold each one.
    Box::pin(wait).await
}
