package org.dhcpfailover.plugin.transport;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.dhcpfailover.plugin.config.TlsConfig;
import org.dhcpfailover.plugin.transport.PartnerCertificateCheck.PartnerRole;
import org.dhcpfailover.plugin.transport.PartnerCertificateCheck.RejectedCertificate;
import org.dhcpfailover.plugin.transport.TestCertificates.Identity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The certificate check alone, with certificates made at test time: the expected name (RFC 6125
 * §6.4.4: the CN only when there is no DNS subjectAltName) and the extended key usage of each
 * role (RFC 5280 §4.2.1.12; RFC 7653 §9.1: the primary is the TLS client, the secondary the server).
 */
class PartnerCertificateCheckTest {

    private static final String NAME = "partner.test";
    private static final List<KeyPurposeId> BOTH = List.of(KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth);

    @TempDir
    Path directory;

    private TestCertificates certificates;
    private Identity ca;
    private PartnerCertificateCheck check;

    @BeforeEach
    void setUp() {
        certificates = new TestCertificates(directory);
        ca = certificates.ca("Check CA");
        Identity own = certificates.server(ca, "own.test");
        TlsConfig config = certificates.config("own", own, ca, NAME);
        check = new PartnerCertificateCheck(config, List.of(ca.certificate()), Clock.systemUTC());
    }

    private static X509Certificate[] chain(Identity identity) {
        return identity.chain().toArray(new X509Certificate[0]);
    }

    private TlsFailure refusal(Identity identity, PartnerRole role) {
        return assertThrows(RejectedCertificate.class, () -> check.check(chain(identity), role)).reason();
    }

    @Test
    void aCertificateWithOnlyACommonNameIsAcceptedByIt_rfc6125_6_4_4() {
        Identity cnOnly = certificates.leaf(ca, NAME, List.of(), List.of());
        assertDoesNotThrow(() -> check.check(chain(cnOnly), PartnerRole.CLIENT));
        assertDoesNotThrow(() -> check.check(chain(cnOnly), PartnerRole.SERVER));
    }

    @Test
    void theCommonNameIsIgnoredWhenThereIsADnsSubjectAltName_rfc6125_6_4_4() {
        Identity sanElsewhere = certificates.leaf(ca, NAME, List.of("other.test"), List.of());
        RejectedCertificate refused = assertThrows(RejectedCertificate.class,
                () -> check.check(chain(sanElsewhere), PartnerRole.CLIENT));
        assertEquals(TlsFailure.WRONG_NAME, refused.reason());
        assertTrue(refused.getMessage().contains("other.test"), refused.getMessage());
        assertDoesNotThrow(() -> check.check(chain(certificates.leaf(ca, "cn.test", List.of("x.test", NAME),
                List.of())), PartnerRole.CLIENT), "a matching DNS name, whatever the CN");
    }

    @Test
    void aPrimaryCertificateMustAllowClientAuthWhenItHasAnExtendedKeyUsage_rfc5280_4_2_1_12() {
        Identity serverOnly = certificates.leaf(ca, NAME, List.of(NAME), List.of(KeyPurposeId.id_kp_serverAuth));
        RejectedCertificate refused = assertThrows(RejectedCertificate.class,
                () -> check.check(chain(serverOnly), PartnerRole.CLIENT));
        assertEquals(TlsFailure.WRONG_KEY_USAGE, refused.reason());
        assertTrue(refused.getMessage().contains("does not allow clientAuth"), refused.getMessage());
        assertDoesNotThrow(() -> check.check(chain(serverOnly), PartnerRole.SERVER));
    }

    @Test
    void aSecondaryCertificateMustAllowServerAuthWhenItHasAnExtendedKeyUsage_rfc5280_4_2_1_12() {
        Identity clientOnly = certificates.leaf(ca, NAME, List.of(NAME), List.of(KeyPurposeId.id_kp_clientAuth));
        assertEquals(TlsFailure.WRONG_KEY_USAGE, refusal(clientOnly, PartnerRole.SERVER));
        assertDoesNotThrow(() -> check.check(chain(clientOnly), PartnerRole.CLIENT));
        Identity emailOnly = certificates.leaf(ca, NAME, List.of(NAME), List.of(KeyPurposeId.id_kp_emailProtection));
        assertEquals(TlsFailure.WRONG_KEY_USAGE, refusal(emailOnly, PartnerRole.SERVER));
        assertEquals(TlsFailure.WRONG_KEY_USAGE, refusal(emailOnly, PartnerRole.CLIENT));
    }

    @Test
    void bothUsagesAsGenFailoverCertsIssuesThemOrAnyUsageOrNoExtensionServeEitherRole() {
        for (Identity identity : List.of(certificates.leaf(ca, NAME, List.of(NAME), BOTH),
                certificates.leaf(ca, NAME, List.of(NAME), List.of(KeyPurposeId.anyExtendedKeyUsage)),
                certificates.leaf(ca, NAME, List.of(NAME), List.of()))) {
            for (PartnerRole role : PartnerRole.values()) {
                assertDoesNotThrow(() -> check.check(chain(identity), role), role.toString());
            }
        }
    }

    @Test
    void theTrustManagerChecksAClientCertificateAsThePrimarysAndAServerCertificateAsTheSecondarys() {
        Identity serverOnly = certificates.leaf(ca, NAME, List.of(NAME), List.of(KeyPurposeId.id_kp_serverAuth));
        assertThrows(RejectedCertificate.class, () -> check.checkClientTrusted(chain(serverOnly), "EC"));
        assertDoesNotThrow(() -> check.checkServerTrusted(chain(serverOnly), "EC"));
    }
}
