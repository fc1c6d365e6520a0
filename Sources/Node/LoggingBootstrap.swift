import Logging
import Synchronization

/// Installs the process's log handler (stderr, one level) exactly once.
public enum LoggingBootstrap {
    private static let done = Mutex(false)

    public static func once(level: Logger.Level) {
        let first = done.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
