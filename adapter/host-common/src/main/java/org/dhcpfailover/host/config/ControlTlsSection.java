package org.dhcpfailover.host.config;

import jakarta.validation.constraints.NotBlank;

/**
 * {@code control.tls} as written: the key material of the JMX connector's TLS, named as the
 * failover relationship's {@code tls} names it (docs/configuration.md "control"). The rules that
 * involve several keys are checked by {@link CommonRules#checkControl}; the files when the host
 * starts.
 */
record ControlTlsSection(
        @NotBlank(message = "is required: the PKCS#12 file with the connector's private key and certificate chain")
                String keyStore,
        String keyStorePassword,
        String keyStorePasswordFile,
        Boolean needClientAuth,
        String trustStore) {}
