package dev.vigil.detector.series;

/** CloudWatch metric alarm states. Codes are explicit because they are written to checkpoints. */
public enum AlarmState {
    INSUFFICIENT_DATA(0),
    OK(1),
    ALARM(2);

    private final int code;

    AlarmState(int code) {
        this.code = code;
    }

    int code() {
        return code;
    }

    static AlarmState ofCode(int code) {
        switch (code) {
            case 0:
                return INSUFFICIENT_DATA;
            case 1:
                return OK;
            case 2:
                return ALARM;
            default:
                throw new IllegalArgumentException("unknown alarm state code " + code);
        }
    }
}
