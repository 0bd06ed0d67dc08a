import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap, type AdminStaffUser } from '../api/client';
import { t } from '../i18n';
import { Alert, ErrorAlert, QueryState } from '../ui/feedback';
import { Page } from '../ui/layout';
import { staffKeys, useStaff } from '../staff/staff-context';
import { StaffTopbar } from '../staff/staff-layout';
import { CreateStaffUserForm, EditStaffUserForm } from './staff-user-forms';

/** Admin: the staff users of the properties this admin manages, with create, edit and (de)activate. */
export function StaffUsersPage() {
  const { me } = useStaff();
  const isAdmin = me.role === 'admin';
  const queryClient = useQueryClient();
  const users = useQuery({
    queryKey: staffKeys.staffUsers,
    queryFn: () => unwrap(api.GET('/api/v1/admin/staff-users')),
    enabled: isAdmin,
  });
  const [editing, setEditing] = useState<string>();
  const setActive = useMutation({
    mutationFn: (input: { user: AdminStaffUser; active: boolean }) =>
      unwrap(api.PATCH('/api/v1/admin/staff-users/{staffId}', { params: { path: { staffId: input.user.id } }, body: { active: input.active } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: staffKeys.staffUsers }),
  });

  return (
    <Page title={t.staffUsers.title} topbar={<StaffTopbar />}>
      <h1>{t.staffUsers.title}</h1>
      {!isAdmin ? (
        <Alert kind="warning">
          <p>{t.staffUsers.adminOnly}</p>
        </Alert>
      ) : (
        <>
          <p>{t.staffUsers.intro}</p>
          {setActive.isSuccess && (
            <Alert kind="success">
              <p>{setActive.data.active ? t.staffUsers.reactivated(setActive.data.name) : t.staffUsers.deactivated(setActive.data.name)}</p>
            </Alert>
          )}
          {setActive.error && <ErrorAlert error={setActive.error} />}
          <QueryState query={users}>
            {(list) => {
              const editedUser = list.find((user) => user.id === editing);
              return (
                <>
                  {list.length === 0 ? (
                    <p>{t.staffUsers.none}</p>
                  ) : (
                    <div className="table-wrap">
                      <table className="cards">
                        <thead>
                          <tr>
                            <th scope="col">{t.staffUsers.name}</th>
                            <th scope="col">{t.staffUsers.role}</th>
                            <th scope="col">{t.staffUsers.properties}</th>
                            <th scope="col">{t.staffUsers.status}</th>
                            <th scope="col">{t.staffUsers.actionsHeading}</th>
                          </tr>
                        </thead>
                        <tbody>
                          {list.map((user) => (
                            <tr key={user.id} data-email={user.email}>
                              <td data-label={t.staffUsers.name}>
                                {user.name}
                                {user.id === me.id && <span className="badge">{t.staffUsers.you}</span>}
                                <div className="muted">{user.email}</div>
                              </td>
                              <td data-label={t.staffUsers.role}>{t.staffUsers.roles[user.role] ?? user.role}</td>
                              <td data-label={t.staffUsers.properties}>{user.properties.map((property) => property.name).join(', ')}</td>
                              <td data-label={t.staffUsers.status}>
                                <span className={`badge ${user.active ? 'ok' : 'bad'}`}>{user.active ? t.staffUsers.active : t.staffUsers.inactive}</span>
                              </td>
                              <td data-label={t.staffUsers.actionsHeading}>
                                <div className="actions">
                                  <button type="button" className="button secondary" aria-label={t.staffUsers.edit(user.name)} onClick={() => setEditing(user.id)}>
                                    {t.staffUsers.editLabel}
                                  </button>
                                  {user.id !== me.id && (
                                    <button
                                      type="button"
                                      className="button secondary"
                                      aria-label={user.active ? t.staffUsers.deactivate(user.name) : t.staffUsers.reactivate(user.name)}
                                      disabled={setActive.isPending}
                                      onClick={() => setActive.mutate({ user, active: !user.active })}
                                    >
                                      {user.active ? t.staffUsers.deactivateLabel : t.staffUsers.reactivateLabel}
                                    </button>
                                  )}
                                </div>
                              </td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </div>
                  )}
                  {editedUser && <EditStaffUserForm key={editedUser.id} user={editedUser} onDone={() => setEditing(undefined)} />}
                </>
              );
            }}
          </QueryState>
          <CreateStaffUserForm />
        </>
      )}
    </Page>
  );
}
