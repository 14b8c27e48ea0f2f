package org.hashify.kernel.distro;

import java.util.List;

/** The os-release files real distributions ship, as found in their current images. */
final class RealOsReleases {
    /**
     * @param descriptor the shipped descriptor that must answer
     * @param distribution the os-release ID
     * @param version its VERSION_ID (BUILD_ID for Arch)
     * @param content the file
     */
    record Case(String descriptor, String distribution, String version, String content) {
        @Override
        public String toString() {
            return distribution + " " + version;
        }
    }

    private RealOsReleases() {
    }

    static final List<Case> ALL = List.of(
            new Case("debian", "debian", "12", """
                    PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
                    NAME="Debian GNU/Linux"
                    VERSION_ID="12"
                    VERSION="12 (bookworm)"
                    VERSION_CODENAME=bookworm
                    ID=debian
                    HOME_URL="https://www.debian.org/"
                    SUPPORT_URL="https://www.debian.org/support"
                    BUG_REPORT_URL="https://bugs.debian.org/"
                    """),
            new Case("ubuntu", "ubuntu", "22.04", """
                    PRETTY_NAME="Ubuntu 22.04.4 LTS"
                    NAME="Ubuntu"
                    VERSION_ID="22.04"
                    VERSION="22.04.4 LTS (Jammy Jellyfish)"
                    VERSION_CODENAME=jammy
                    ID=ubuntu
                    ID_LIKE=debian
                    HOME_URL="https://www.ubuntu.com/"
                    SUPPORT_URL="https://help.ubuntu.com/"
                    BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
                    PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"
                    UBUNTU_CODENAME=jammy
                    """),
            new Case("devuan", "devuan", "5", """
                    PRETTY_NAME="Devuan GNU/Linux 5 (daedalus)"
                    NAME="Devuan GNU/Linux"
                    VERSION_ID="5"
                    VERSION="5 (daedalus)"
                    VERSION_CODENAME="daedalus"
                    ID=devuan
                    ID_LIKE=debian
                    HOME_URL="https://www.devuan.org/"
                    SUPPORT_URL="https://devuan.org/os/community"
                    BUG_REPORT_URL="https://bugs.devuan.org/"
                    """),
            new Case("fedora", "fedora", "39", """
                    NAME="Fedora Linux"
                    VERSION="39 (Container Image)"
                    ID=fedora
                    VERSION_ID=39
                    VERSION_CODENAME=""
                    PLATFORM_ID="platform:f39"
                    PRETTY_NAME="Fedora Linux 39 (Container Image)"
                    ANSI_COLOR="0;38;2;60;110;180"
                    LOGO=fedora-logo-icon
                    CPE_NAME="cpe:/o:fedoraproject:fedora:39"
                    DEFAULT_HOSTNAME="fedora"
                    HOME_URL="https://fedoraproject.org/"
                    DOCUMENTATION_URL="https://docs.fedoraproject.org/en-US/fedora/f39/system-administrators-guide/"
                    SUPPORT_URL="https://ask.fedoraproject.org/"
                    BUG_REPORT_URL="https://bugzilla.redhat.com/"
                    REDHAT_BUGZILLA_PRODUCT="Fedora"
                    REDHAT_BUGZILLA_PRODUCT_VERSION=39
                    REDHAT_SUPPORT_PRODUCT="Fedora"
                    REDHAT_SUPPORT_PRODUCT_VERSION=39
                    SUPPORT_END=2024-11-12
                    VARIANT="Container Image"
                    VARIANT_ID=container
                    """),
            new Case("rhel", "rhel", "9.3", """
                    NAME="Red Hat Enterprise Linux"
                    VERSION="9.3 (Plow)"
                    ID="rhel"
                    ID_LIKE="fedora"
                    VERSION_ID="9.3"
                    PLATFORM_ID="platform:el9"
                    PRETTY_NAME="Red Hat Enterprise Linux 9.3 (Plow)"
                    ANSI_COLOR="0;31"
                    LOGO="fedora-logo-icon"
                    CPE_NAME="cpe:/o:redhat:enterprise_linux:9::baseos"
                    HOME_URL="https://www.redhat.com/"
                    DOCUMENTATION_URL="https://access.redhat.com/documentation/en-us/red_hat_enterprise_linux/9"
                    BUG_REPORT_URL="https://bugzilla.redhat.com/"

                    REDHAT_BUGZILLA_PRODUCT="Red Hat Enterprise Linux 9"
                    REDHAT_BUGZILLA_PRODUCT_VERSION=9.3
                    REDHAT_SUPPORT_PRODUCT="Red Hat Enterprise Linux"
                    REDHAT_SUPPORT_PRODUCT_VERSION="9.3"
                    """),
            new Case("centos", "centos", "7", """
                    NAME="CentOS Linux"
                    VERSION="7 (Core)"
                    ID="centos"
                    ID_LIKE="rhel fedora"
                    VERSION_ID="7"
                    PRETTY_NAME="CentOS Linux 7 (Core)"
                    ANSI_COLOR="0;31"
                    CPE_NAME="cpe:/o:centos:centos:7"
                    HOME_URL="https://www.centos.org/"
                    BUG_REPORT_URL="https://bugs.centos.org/"

                    CENTOS_MANTISBT_PROJECT="CentOS-7"
                    CENTOS_MANTISBT_PROJECT_VERSION="7"
                    REDHAT_SUPPORT_PRODUCT="centos"
                    REDHAT_SUPPORT_PRODUCT_VERSION="7"

                    """),
            new Case("rocky", "rocky", "9.3", """
                    NAME="Rocky Linux"
                    VERSION="9.3 (Blue Onyx)"
                    ID="rocky"
                    ID_LIKE="rhel centos fedora"
                    VERSION_ID="9.3"
                    PLATFORM_ID="platform:el9"
                    PRETTY_NAME="Rocky Linux 9.3 (Blue Onyx)"
                    ANSI_COLOR="0;32"
                    LOGO="fedora-logo-icon"
                    CPE_NAME="cpe:/o:rocky:rocky:9::baseos"
                    HOME_URL="https://rockylinux.org/"
                    BUG_REPORT_URL="https://bugs.rockylinux.org/"
                    SUPPORT_END="2032-05-31"
                    ROCKY_SUPPORT_PRODUCT="Rocky-Linux-9"
                    ROCKY_SUPPORT_PRODUCT_VERSION="9.3"
                    REDHAT_SUPPORT_PRODUCT="Rocky Linux"
                    REDHAT_SUPPORT_PRODUCT_VERSION="9.3"
                    """),
            new Case("almalinux", "almalinux", "9.3", """
                    NAME="AlmaLinux"
                    VERSION="9.3 (Shamrock Pampas Cat)"
                    ID="almalinux"
                    ID_LIKE="rhel centos fedora"
                    VERSION_ID="9.3"
                    PLATFORM_ID="platform:el9"
                    PRETTY_NAME="AlmaLinux 9.3 (Shamrock Pampas Cat)"
                    ANSI_COLOR="0;34"
                    LOGO="fedora-logo-icon"
                    CPE_NAME="cpe:/o:almalinux:almalinux:9::baseos"
                    HOME_URL="https://almalinux.org/"
                    DOCUMENTATION_URL="https://wiki.almalinux.org/"
                    BUG_REPORT_URL="https://bugs.almalinux.org/"

                    ALMALINUX_MANTISBT_PROJECT="AlmaLinux-9"
                    ALMALINUX_MANTISBT_PROJECT_VERSION="9.3"
                    REDHAT_SUPPORT_PRODUCT="AlmaLinux"
                    REDHAT_SUPPORT_PRODUCT_VERSION="9.3"
                    """),
            new Case("opensuse", "opensuse-leap", "15.5", """
                    NAME="openSUSE Leap"
                    VERSION="15.5"
                    ID="opensuse-leap"
                    ID_LIKE="suse opensuse"
                    VERSION_ID="15.5"
                    PRETTY_NAME="openSUSE Leap 15.5"
                    ANSI_COLOR="0;32"
                    CPE_NAME="cpe:/o:opensuse:leap:15.5"
                    BUG_REPORT_URL="https://bugs.opensuse.org"
                    HOME_URL="https://www.opensuse.org/"
                    DOCUMENTATION_URL="https://en.opensuse.org/Portal:Leap"
                    LOGO="distributor-logo-Leap"
                    """),
            new Case("opensuse", "opensuse-tumbleweed", "20240301", """
                    NAME="openSUSE Tumbleweed"
                    # VERSION="20240301"
                    ID="opensuse-tumbleweed"
                    ID_LIKE="opensuse suse"
                    VERSION_ID="20240301"
                    PRETTY_NAME="openSUSE Tumbleweed"
                    ANSI_COLOR="0;32"
                    CPE_NAME="cpe:/o:opensuse:tumbleweed:20240301"
                    BUG_REPORT_URL="https://bugzilla.opensuse.org"
                    SUPPORT_URL="https://bugs.opensuse.org"
                    HOME_URL="https://www.opensuse.org"
                    DOCUMENTATION_URL="https://en.opensuse.org/Portal:Tumbleweed"
                    LOGO="distributor-logo-Tumbleweed"
                    """),
            new Case("sles", "sles", "15.5", """
                    NAME="SLES"
                    VERSION="15-SP5"
                    VERSION_ID="15.5"
                    PRETTY_NAME="SUSE Linux Enterprise Server 15 SP5"
                    ID="sles"
                    ID_LIKE="suse"
                    ANSI_COLOR="0;32"
                    CPE_NAME="cpe:/o:suse:sles:15:sp5"
                    DOCUMENTATION_URL="https://documentation.suse.com/"
                    """),
            new Case("alpine", "alpine", "3.19.1", """
                    NAME="Alpine Linux"
                    ID=alpine
                    VERSION_ID=3.19.1
                    PRETTY_NAME="Alpine Linux v3.19"
                    HOME_URL="https://alpinelinux.org/"
                    BUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"
                    """),
            new Case("arch", "arch", "rolling", """
                    NAME="Arch Linux"
                    PRETTY_NAME="Arch Linux"
                    ID=arch
                    BUILD_ID=rolling
                    ANSI_COLOR="38;2;23;147;209"
                    HOME_URL="https://archlinux.org/"
                    DOCUMENTATION_URL="https://wiki.archlinux.org/"
                    SUPPORT_URL="https://bbs.archlinux.org/"
                    BUG_REPORT_URL="https://gitlab.archlinux.org/groups/archlinux/-/issues"
                    PRIVACY_POLICY_URL="https://terms.archlinux.org/docs/privacy-policy/"
                    LOGO=archlinux-logo
                    """),
            // Mandrake itself predates os-release; its heir Mageia ships one and still upgrades with urpmi.
            new Case("mandrake", "mageia", "9", """
                    NAME="Mageia"
                    VERSION="9"
                    ID=mageia
                    VERSION_ID=9
                    ID_LIKE="mandriva fedora"
                    PRETTY_NAME="Mageia 9"
                    ANSI_COLOR="1;36"
                    HOME_URL="http://www.mageia.org/"
                    SUPPORT_URL="http://www.mageia.org/support/"
                    BUG_REPORT_URL="https://bugs.mageia.org/"
                    PRIVACY_POLICY_URL="https://wiki.mageia.org/en/Privacy_policy"
                    """));

    /** Linux Mint 21.3, which names Ubuntu as its closest relative. */
    static final String LINUX_MINT = """
            NAME="Linux Mint"
            VERSION="21.3 (Virginia)"
            ID=linuxmint
            ID_LIKE="ubuntu debian"
            PRETTY_NAME="Linux Mint 21.3"
            VERSION_ID="21.3"
            HOME_URL="https://www.linuxmint.com/"
            SUPPORT_URL="https://forums.linuxmint.com/"
            BUG_REPORT_URL="http://linuxmint-troubleshooting-guide.readthedocs.io/en/latest/"
            PRIVACY_POLICY_URL="https://www.linuxmint.com/"
            VERSION_CODENAME=virginia
            UBUNTU_CODENAME=jammy
            """;
}
